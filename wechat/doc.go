// Package wechat is the WeChat official-account platform, as package bot is
// Telegram's: what publishing (outbound), the catalog and citizens (inbound)
// share.
//
// It holds the sealed credentials of each official account
// (StoreCredentials, LoadCredentials, RotationSteps), their
// check against WeChat (CheckCredentials), the process-wide set-up of
// silenceper/wechat (Configure), access tokens shared by every replica
// through PostgreSQL (Cache), the per-account API client with its one
// retry on a rejected token (Clients.For), and the classification of
// failures (Classify).
package wechat
