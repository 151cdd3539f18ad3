// name: coverage
// param: level optional — only plans issued at this level (commune, province)
// Parameters: $q_level ('' for all levels).
MATCH (pdoc:Resource)-[:HAS_TASK]->(t)
WHERE pdoc.issuerLevel <> 'central' AND ($q_level = '' OR pdoc.issuerLevel = $q_level) AND NOT t:Duty
OPTIONAL MATCH (t)-[:ALIGNS_WITH]->(x)-[:ALIGNS_WITH*0..1]->(cg)<-[:HAS_TASK_GROUP]-(root)
WHERE '57-NQ/TW' IN (CASE WHEN root.identifier IS :: LIST<ANY> NOT NULL THEN root.identifier ELSE [root.identifier] END)
WITH pdoc, t, cg.number AS gn
RETURN coalesce(pdoc.identifier, pdoc.iri) AS plan,
       pdoc.issuerLevel AS level,
       count(DISTINCT t) AS tasks,
       count(DISTINCT CASE WHEN gn = '1' THEN t END) AS group1,
       count(DISTINCT CASE WHEN gn = '2' THEN t END) AS group2,
       count(DISTINCT CASE WHEN gn = '3' THEN t END) AS group3,
       count(DISTINCT CASE WHEN gn = '4' THEN t END) AS group4,
       count(DISTINCT CASE WHEN gn = '5' THEN t END) AS group5,
       count(DISTINCT CASE WHEN gn = '6' THEN t END) AS group6,
       count(DISTINCT CASE WHEN gn = '7' THEN t END) AS group7
ORDER BY plan
