// Package wechat is the WeChat official-account platform, as package bot is
// Telegram's: what publishing (outbound), the catalog and citizens (inbound)
// share.
//
// It holds the sealed credentials of each official account
// (StoreWeChatCredentials, LoadWeChatCredentials, RotationSteps), their
// check against WeChat (CheckWeChatCredentials), the process-wide set-up of
// silenceper/wechat (ConfigureWeChat), access tokens shared by every replica
// through PostgreSQL (WeChatCache), the per-account API client with its one
// retry on a rejected token (WeChatClients.For), and the classification of
// failures (Classify).
package wechat
