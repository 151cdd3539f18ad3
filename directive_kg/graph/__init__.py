"""The graph: IRIs, alignment and the RDF builder that turns Extractions into named graphs."""
