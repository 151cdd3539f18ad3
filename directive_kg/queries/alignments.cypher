// name: alignments
// param: plan optional — a plan identifier (10/KH-UBND) or plan IRI; all local plans when omitted
// Parameters: $q_plan ('' for all plans).
MATCH (pdoc:Resource)-[:HAS_TASK]->(t)-[:HAS_ALIGNMENT]->(a)-[:ALIGNED_TO]->(x)
WHERE pdoc.issuerLevel <> 'central'
  AND ($q_plan = '' OR coalesce(pdoc.identifier, pdoc.iri) = $q_plan OR pdoc.iri = $q_plan)
MATCH (mdoc:Resource)-[r:HAS_TASK_GROUP|HAS_TASK]->(x)
WHERE mdoc.identifier IS NOT NULL AND x.number IS NOT NULL
RETURN DISTINCT coalesce(pdoc.identifier, pdoc.iri) AS plan,
       last(split(pdoc.sourcePath, '/')) AS file,
       last(split(t.iri, '/task/')) AS task,
       (CASE WHEN mdoc.identifier IS :: LIST<ANY> NOT NULL THEN mdoc.identifier[0] ELSE mdoc.identifier END)
         + '#' + toString(x.number) AS mandate,
       CASE type(r) WHEN 'HAS_TASK_GROUP' THEN 'group' ELSE 'task' END AS kind,
       a.method AS method,
       a.score AS score,
       a.evidence AS evidence
ORDER BY plan, file, task, mandate
