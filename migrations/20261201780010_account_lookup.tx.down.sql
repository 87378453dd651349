DROP INDEX accounts_app_id_any;
DROP INDEX accounts_original_id_any;
