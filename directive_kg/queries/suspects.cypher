// name: suspects
// Local tasks aligned to a central task a later programme changed or dropped, with what changed.
MATCH (pdoc:Resource)-[:HAS_TASK]->(t)-[:HAS_ALIGNMENT]->(a)-[:ALIGNED_TO]->(c)<-[:HAS_TASK]-(cdoc)
WHERE a.suspect = true
RETURN coalesce(pdoc.identifier, pdoc.sourcePath, pdoc.iri) AS plan,
       last(split(t.iri, '/task/')) AS task,
       t.text AS text,
       cdoc.identifier + '#' + c.number AS central,
       a.suspectReason AS change
ORDER BY plan, task, central
