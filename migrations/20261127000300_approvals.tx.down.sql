DROP TABLE application_steps, applications;
