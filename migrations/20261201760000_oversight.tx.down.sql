DROP TABLE oversight_notices;
DROP TABLE update_confirmations;
DROP TABLE milestone_confirmations;
DROP TABLE milestones;
DROP TABLE monthly_reports;
