DROP TABLE account_wechat_checks;
