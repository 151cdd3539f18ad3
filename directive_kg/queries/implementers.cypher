// name: implementers
// param: mandate required — a directive identifier (57-NQ/TW), a central group (57-NQ/TW#3) or a programme task (03/NQ-CP#20, 71/NQ-CP#25)
// Parameters: $q_doc (directive identifier), $q_part (group/task number or '').
MATCH (mdoc:Resource)
WHERE $q_doc IN (CASE WHEN mdoc.identifier IS :: LIST<ANY> NOT NULL THEN mdoc.identifier ELSE [mdoc.identifier] END)
CALL (mdoc) {
  // a whole directive: the tasks that carry it out (CARRIES_OUT, materialised by the builder), every alignment
  MATCH (t)-[:CARRIES_OUT]->(mdoc)
  WHERE $q_part = ''
  MATCH (pdoc:Resource)-[:HAS_TASK]->(t)
  OPTIONAL MATCH (t)-[:HAS_ALIGNMENT]->(a)
  RETURN pdoc, t, a
  UNION
  // one group or task of it: the alignments that point at it, directly or through a central task
  MATCH (mdoc)-[:HAS_TASK_GROUP|HAS_TASK]->(anchor)
  WHERE $q_part <> '' AND anchor.number = $q_part
  MATCH (pdoc:Resource)-[:HAS_TASK]->(t)-[:HAS_ALIGNMENT]->(a)-[:ALIGNED_TO]->(x)-[:ALIGNS_WITH*0..1]->(anchor)
  RETURN pdoc, t, a
  UNION
  // the task it succeeded, or that succeeded it, in a later programme
  MATCH (mdoc)-[:HAS_TASK]->(anchor)
  WHERE $q_part <> '' AND anchor.number = $q_part
  MATCH (pdoc:Resource)-[:HAS_TASK]->(t)-[:HAS_ALIGNMENT]->(a)-[:ALIGNED_TO]->(x)-[:SUCCEEDED_BY]-(anchor)
  RETURN pdoc, t, a
}
WITH DISTINCT pdoc, t, a
WHERE pdoc.issuerLevel <> 'central'
OPTIONAL MATCH (a)-[:ALIGNED_TO]->(x)
OPTIONAL MATCH (xdoc:Resource)-[:HAS_TASK_GROUP|HAS_TASK]->(x)
WHERE xdoc.identifier IS NOT NULL AND x.number IS NOT NULL
// one row per local task: its alignments as "MANDATE method score%", sorted by the runner
WITH pdoc, t, max(a.score) AS best_score,
     collect(DISTINCT CASE WHEN x IS NOT NULL THEN
       coalesce((CASE WHEN xdoc.identifier IS :: LIST<ANY> NOT NULL THEN xdoc.identifier[0] ELSE xdoc.identifier END)
         + '#' + toString(x.number), x.iri)
       + ' ' + a.method + ' ' + toString(toInteger(round(round(a.score * 1000) / 10.0))) + '%' END) AS mandates
OPTIONAL MATCH (pdoc)-[:JURISDICTION]->(area)
OPTIONAL MATCH (area)-[:LOCATED_IN]->(prov)
OPTIONAL MATCH (t)-[:LEAD_UNIT]->(lu)
UNWIND (coalesce(lu.labels, [lu.label])) AS lead_label
RETURN coalesce(pdoc.identifier, pdoc.iri) AS plan,
       pdoc.issuerLevel AS level,
       coalesce(prov.label, CASE WHEN area:Province THEN area.label END) AS province,
       CASE WHEN area:Commune THEN area.label END AS commune,
       t.iri AS task,
       t.text AS text,
       min(lead_label) AS lead_unit,
       coalesce(t.deadline, CASE WHEN t.recurring THEN 'recurring' END) AS deadline,
       mandates,
       best_score
ORDER BY plan, task
