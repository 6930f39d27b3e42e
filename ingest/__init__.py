"""From a folder of office documents to chunks in the store."""
