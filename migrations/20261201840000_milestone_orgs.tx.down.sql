DROP TABLE milestone_orgs;
