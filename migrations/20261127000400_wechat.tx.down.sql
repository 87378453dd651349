DROP TABLE wechat_cache, wechat_credentials;
