// name: gaps
// param: plan optional — a plan identifier (10/KH-UBND) or plan IRI; all local plans when omitted
// Parameters: $q_plan ('' for all plans). Status and evidence as in gaps.rq.
MATCH (pdoc:Resource)-[:HAS_TASK]->()
WHERE pdoc.issuerLevel <> 'central'
WITH DISTINCT pdoc
WHERE $q_plan = '' OR coalesce(pdoc.identifier, pdoc.iri) = $q_plan OR pdoc.iri = $q_plan
OPTIONAL MATCH (pdoc)-[:JURISDICTION]->(area:Commune)
CALL (pdoc) {
  MATCH (root:Resource)-[:HAS_TASK_GROUP]->(m)
  WHERE '57-NQ/TW' IN (CASE WHEN root.identifier IS :: LIST<ANY> NOT NULL THEN root.identifier ELSE [root.identifier] END)
  RETURN m, 'group' AS kind, '57-NQ/TW#' + m.number AS mandate
  UNION
  MATCH (cp:Resource)-[:HAS_TASK]->(m)
  WHERE pdoc.issuerLevel IN (CASE WHEN m.bindsLevel IS :: LIST<ANY> NOT NULL THEN m.bindsLevel ELSE [m.bindsLevel] END)
    AND coalesce(m.metByPlan, false) = false AND cp.identifier IS NOT NULL
  RETURN m, 'task' AS kind,
         (CASE WHEN cp.identifier IS :: LIST<ANY> NOT NULL THEN cp.identifier[0] ELSE cp.identifier END) + '#' + m.number AS mandate
}
OPTIONAL MATCH (pdoc)-[:HAS_TASK]->(t)-[:HAS_ALIGNMENT]->(a)-[:ALIGNED_TO]->(m)
WITH pdoc, area, m, kind, mandate,
     max(toString(a.score) + '|' + last(split(t.iri, '/task/')) + '|' + coalesce(a.evidence, '')) AS best_link
OPTIONAL MATCH (pdoc)-[:HAS_TASK]->(t2)-[:HAS_CANDIDATE]->(c)-[:ALIGNED_TO]->(m)
WITH pdoc, area, m, kind, mandate, best_link,
     max(toString(c.score) + '|' + last(split(t2.iri, '/task/')) + '|' + coalesce(c.evidence, '')) AS best_cand,
     EXISTS { MATCH (pdoc)-[:COVERS]->(m) } AS covered
WITH pdoc, area, m, kind, mandate, covered,
     CASE WHEN covered THEN best_link ELSE best_cand END AS best,
     CASE WHEN covered THEN 'covered' WHEN best_cand IS NOT NULL THEN 'weak' ELSE 'gap' END AS status
RETURN coalesce(pdoc.identifier, pdoc.iri) AS plan,
       pdoc.issuerLevel AS level,
       area.label AS commune,
       kind,
       mandate,
       status,
       CASE WHEN best IS NULL THEN NULL ELSE split(best, '|')[1] END AS task,
       CASE WHEN best IS NULL THEN NULL ELSE toFloat(split(best, '|')[0]) END AS score,
       CASE WHEN best IS NULL THEN NULL ELSE substring(best, size(split(best, '|')[0]) + size(split(best, '|')[1]) + 2) END AS evidence,
       m.text AS title
ORDER BY plan, kind, mandate
