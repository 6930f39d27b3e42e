"""Czech retrieval and cited answers over the documents of the Liberec Region office."""
