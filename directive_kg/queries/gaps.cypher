// name: gaps
// param: plan optional — a plan identifier (10/KH-UBND) or plan IRI; all local plans when omitted
// Parameters: $q_plan ('' for all plans).
MATCH (pdoc:Resource)-[:HAS_TASK]->()
WHERE pdoc.issuerLevel <> 'central'
WITH DISTINCT pdoc
WHERE $q_plan = '' OR coalesce(pdoc.identifier, pdoc.iri) = $q_plan OR pdoc.iri = $q_plan
OPTIONAL MATCH (pdoc)-[:JURISDICTION]->(area:Commune)
CALL () {
  MATCH (root:Resource)-[:HAS_TASK_GROUP]->(m)
  WHERE '57-NQ/TW' IN (CASE WHEN root.identifier IS :: LIST<ANY> NOT NULL THEN root.identifier ELSE [root.identifier] END)
  RETURN m, 'group' AS kind, '57-NQ/TW#' + m.number AS mandate
  UNION
  MATCH (cp:Resource)-[:HAS_TASK]->(m)-[:LEAD_UNIT]->(lu)
  WHERE '03/NQ-CP' IN (CASE WHEN cp.identifier IS :: LIST<ANY> NOT NULL THEN cp.identifier ELSE [cp.identifier] END)
    AND any(l IN (CASE WHEN lu.label IS :: LIST<ANY> NOT NULL THEN lu.label ELSE [lu.label] END)
            WHERE toLower(l) CONTAINS 'địa phương')
  RETURN m, 'task' AS kind, '03/NQ-CP#' + m.number AS mandate
}
WITH pdoc, area, m, kind, mandate
WHERE NOT EXISTS { MATCH (pdoc)-[:COVERS]->(m) }  // COVERS: materialised by the builder (graph/closure.py)
RETURN DISTINCT coalesce(pdoc.identifier, pdoc.iri) AS plan,
       pdoc.issuerLevel AS level,
       area.label AS commune,
       kind,
       mandate,
       m.text AS title
ORDER BY plan, kind, mandate
