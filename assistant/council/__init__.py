"""The council layer: resolution records, their statuses, answers and topic research."""
