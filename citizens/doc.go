// Package citizens is what followers of the official accounts ask and who
// answers: a follower's text is searched in its unit's current catalog and
// published policies and answered at once; what the search cannot answer,
// or what asks for a person (人工, 咨询, 投诉 …), becomes a question in the
// unit's chat, answered by an operator through WeChat's customer-service
// messages within the 48-hour window, reminded and escalated when nobody
// answers. Citizens are known by openid only (hashed to be found, sealed
// to be replied to), by an alias to staff; their messages are sealed, kept
// for a while and deleted when they unsubscribe.
//
// An account's operators set its WeChat menu from the domains it covers
// (SetMenu), one CLICK button per domain, and a click is answered with the
// domain's current catalog items (Click). Its followers are counted per
// day from its follow and unfollow events, beside WeChat's own figures,
// fetched the morning after (FetchFollowerFigures), for its operators and
// the city office (FollowerFigures).
//
// The WeChat callback and the customer-service API are the wechat
// package's; the chat is the bot's: both call this package.
package citizens
