// name: programme-changes
// Successor links between programmes, one row per (earlier task, successor); new tasks with an empty `from`.
MATCH (s:Resource)
WHERE s.relation IS NOT NULL AND s.score IS NOT NULL
OPTIONAL MATCH (s)-[:FROM_TASK]->(ft)<-[:HAS_TASK]-(fd)
OPTIONAL MATCH (s)-[:TO_TASK]->(tt)<-[:HAS_TASK]-(td)
WITH s, ft, fd, tt, td,
     (CASE WHEN s.changeNote IS :: LIST<ANY> NOT NULL THEN s.changeNote ELSE coalesce([s.changeNote], []) END) AS notes
RETURN CASE WHEN fd IS NULL THEN '' ELSE fd.identifier + '#' + ft.number END AS from,
       CASE WHEN td IS NULL THEN '' ELSE td.identifier + '#' + tt.number END AS to,
       s.relation AS relation,
       reduce(acc = '', n IN notes | CASE WHEN acc = '' THEN n ELSE acc + '; ' + n END) AS changes,
       s.score AS score,
       s.method AS method
ORDER BY CASE WHEN ft IS NULL THEN 100000 ELSE toInteger(ft.number) END,
         CASE WHEN tt IS NULL THEN 100000 ELSE toInteger(tt.number) END
