// Package wechattest is a stand-in for WeChat's official-account API
// (api.weixin.qq.com), written from WeChat's public documents, for tests,
// benchmarks and a local sandbox.
//
// It serves the token, material, draft, freepublish, mass-send,
// customer-service, custom-menu (menu/create with WeChat's button limits,
// get, delete) and user-statistics (datacube/getusersummary and
// getusercumulate: 7-day ranges ending before today, a day ready at 08:00
// the next morning) APIs under their real paths, keeps per-account state
// (tokens, quotas, drafts, publications, sends, the menu, follows and
// unfollows per day), finishes publications and mass sends asynchronously
// and pushes PUBLISHJOBFINISH and MASSSENDJOBFINISH to the account's
// callback URL in its security mode (plain, compatible or safe, with
// WeChat's message crypto), and plays citizens: Follow, Unfollow, SendText
// and Click (a menu button) push to the callback and return its passive
// reply.
//
// A test registers accounts, starts the stand-in and points its client at it:
//
//	s := wechattest.New(wechattest.Options{PublishDelay: 10 * time.Millisecond})
//	base := s.Start(t)
//	_ = s.AddAccount(wechattest.Account{AppID: "wx1", Secret: "s1", Verified: true})
//
// silenceper/wechat builds every URL from the constant
// "https://api.weixin.qq.com" and passes it through a global modifier before
// each request (util.HTTPGet, PostJSON, PostMultipartForm…), so
//
//	util.SetURIModifier(s.RewriteURI)
//
// sends its calls to the stand-in (its PostJSONWithRespContentType skips the
// modifier; none of the APIs served here use it). Its global client,
// util.DefaultHTTPClient (wechat.SetHTTPClient), has no timeout: set one.
//
// Faults (latency, 5xx, hangs, error codes on the next N calls) are injected
// per account and/or path with Inject; Counts, Calls and Pushes give the
// evidence for exactly-once proofs. The message-crypto helpers (Signature,
// EncryptMessage, DecryptMessage, VerifyAndDecrypt) are exported so that a
// callback's tests can check themselves against an independent implementation.
package wechattest
