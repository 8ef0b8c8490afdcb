"""Cases: the working-day calendar, the escalation clock of each case, and the figures
(counts, median and 90th-percentile days, share within the time limit, precedents).
Imports answers, directory, model and words."""
