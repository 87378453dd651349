// Package publish delivers government content to citizens: catalogs,
// policies with their interpretations, and the publications that carry them
// to each target account.
//
// The files named wechat_* are its WeChat client layer: the sealed
// credentials of each official account (StoreWeChatCredentials,
// LoadWeChatCredentials, RotateKey), their check against WeChat
// (CheckWeChatCredentials), the process-wide set-up of silenceper/wechat
// (ConfigureWeChat), access tokens shared by every replica through
// PostgreSQL (WeChatCache), the per-account API client with its one retry
// on a rejected token (WeChatClients.For), and the classification of
// failures for deliveries (Classify).
package publish
