// name: implementers
// param: mandate required — a directive identifier (57-NQ/TW), a central group (57-NQ/TW#3) or a 03/NQ-CP task (03/NQ-CP#20)
// Parameters: $q_doc (directive identifier), $q_part (group/task number or '').
MATCH (mdoc:Resource)
WHERE $q_doc IN (CASE WHEN mdoc.identifier IS :: LIST<ANY> NOT NULL THEN mdoc.identifier ELSE [mdoc.identifier] END)
CALL (mdoc) {
  MATCH (pdoc:Resource)-[:HAS_TASK]->(t)-[:HAS_ALIGNMENT]->(a)-[:ALIGNED_TO]->(x)
  MATCH (x)-[:ALIGNS_WITH*0..1]->(anchor)<-[:HAS_TASK_GROUP|HAS_TASK]-(cdoc)-[:IMPLEMENTS*0..]->(mdoc)
  WHERE $q_part = '' OR (cdoc = mdoc AND anchor.number = $q_part)
  RETURN pdoc, t, a
  UNION
  MATCH (pdoc:Resource)-[:IMPLEMENTS*1..]->(mdoc)
  WHERE $q_part = ''
  MATCH (pdoc)-[:HAS_TASK]->(t)
  OPTIONAL MATCH (t)-[:HAS_ALIGNMENT]->(a)
  RETURN pdoc, t, a
}
WITH DISTINCT pdoc, t, a
WHERE pdoc.issuerLevel <> 'central'
OPTIONAL MATCH (a)-[:ALIGNED_TO]->(x)
OPTIONAL MATCH (pdoc)-[:JURISDICTION]->(area)
OPTIONAL MATCH (area)-[:LOCATED_IN]->(prov)
OPTIONAL MATCH (t)-[:LEAD_UNIT]->(lu)
UNWIND (CASE WHEN lu.label IS :: LIST<ANY> NOT NULL THEN lu.label ELSE [lu.label] END) AS lead_label
RETURN coalesce(pdoc.identifier, pdoc.iri) AS plan,
       pdoc.issuerLevel AS level,
       coalesce(prov.label, CASE WHEN area:Province THEN area.label END) AS province,
       CASE WHEN area:Commune THEN area.label END AS commune,
       t.iri AS task,
       t.text AS text,
       min(lead_label) AS lead_unit,
       coalesce(t.deadline, CASE WHEN t.recurring THEN 'recurring' END) AS deadline,
       x.iri AS aligned_to,
       a.method AS method,
       a.score AS score
ORDER BY plan, task, aligned_to
