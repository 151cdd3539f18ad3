// The query page of dkg serve: YASGUI (vendored, no network) on this endpoint, named queries as examples.
(function () {
  "use strict";
  var endpoint = window.location.origin + "/sparql";
  document.getElementById("endpoint").textContent = endpoint;
  var examples = JSON.parse(document.getElementById("examples").textContent);
  // offline: no prefix.cc look-up, no endpoint catalogue of public services
  var Yasqe = Yasgui.Yasqe;
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(function (a) {
    return a !== "prefixes";
  });
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return []; } },
    persistenceId: null,
    yasqe: { value: examples[0].query },
  });
  window.dkgYasgui = yasgui;
  var box = document.getElementById("named");
  examples.forEach(function (ex) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = ex.name;
    b.title = ex.description + (ex.params ? "  (" + ex.params + ")" : "");
    b.dataset.query = ex.name;
    b.addEventListener("click", function () {
      var tab = yasgui.getTab();
      tab.setQuery(ex.query);
      tab.query();
    });
    box.appendChild(b);
  });
})();
