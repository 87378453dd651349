// Package wechat is the WeChat official-account platform, as package bot is
// Telegram's: what publishing (outbound), the catalog and citizens (inbound)
// share.
//
// Outbound: the sealed credentials of each official account
// (StoreCredentials, LoadCredentials, RotationSteps), their check against
// WeChat (CheckCredentials), the process-wide set-up of silenceper/wechat
// (Configure), access tokens shared by every replica through PostgreSQL
// (Cache), the per-account API client with its one retry on a rejected
// token (Clients.For), customer-service messages (Client.SendCustom), the
// custom menu (Client.SetMenu, Menu, DeleteMenu), the user statistics
// (Client.UserFigures), and the classification of failures (Classify).
//
// Inbound: the accounts' callback (Callback) checks signatures and
// timestamps, decrypts, parses and deduplicates what WeChat posts, and hands
// each message to the handler its domain registered for its kind (Handle):
// publish for its job events, citizens for the followers' messages.
package wechat
