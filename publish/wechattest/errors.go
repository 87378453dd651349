package wechattest

import (
	"fmt"
	"math/rand/v2"
)

// WeChat error codes the stand-in answers with. The wording of each errmsg
// follows WeChat's (see messages below); like WeChat, every errmsg ends with
// " rid: …", so compare codes, never messages.
const (
	CodeSystemBusy         = -1    // system error; try again later
	CodeInvalidCredential  = 40001 // token invalid or replaced ("not latest")
	CodeInvalidGrantType   = 40002 // grant_type is not client_credential
	CodeInvalidOpenID      = 40003 // openid unknown to the account
	CodeInvalidMediaType   = 40004 // type parameter of an upload
	CodeInvalidFileType    = 40005 // file extension not allowed for the type
	CodeInvalidFileSize    = 40006 // request body over 32 MB
	CodeInvalidMediaID     = 40007 // media_id (draft, material, msg) unknown
	CodeInvalidMessageType = 40008 // msgtype not supported
	CodeInvalidImageSize   = 40009 // image over its size limit
	CodeInvalidVoiceSize   = 40010 // voice over its size limit
	CodeInvalidVideoSize   = 40011 // video over its size limit
	CodeInvalidThumbSize   = 40012 // thumb over its size limit
	CodeInvalidAppID       = 40013 // appid not registered
	CodeButtonSize         = 40016 // menu: no top-level button, or more than 3
	CodeButtonType         = 40017 // menu: a top-level button of an unknown type
	CodeButtonName         = 40018 // menu: a top-level name empty or over 16 bytes
	CodeButtonKey          = 40019 // menu: a top-level event button's key missing or over 128 bytes
	CodeButtonURL          = 40020 // menu: a top-level button's URL missing or over 1 KB
	CodeSubButtonSize      = 40023 // menu: more than 5 sub-buttons
	CodeSubButtonType      = 40024 // menu: a sub-button of an unknown type
	CodeSubButtonName      = 40025 // menu: a sub-button's name empty or over 60 bytes
	CodeSubButtonKey       = 40026 // menu: a sub-button's key missing or over 128 bytes
	CodeSubButtonURL       = 40027 // menu: a sub-button's URL missing or over 1 KB
	CodeInvalidArgs        = 40035 // a parameter is out of range
	CodeInvalidURL         = 40066 // unknown API path
	CodeInvalidAppSecret   = 40125 // secret does not match the appid
	CodeInvalidOpenIDList  = 40130 // mass/send needs 2 to 10,000 openids
	CodeIPNotWhitelisted   = 40164 // caller IP not in the account's whitelist
	CodeTitleEmpty         = 40227 // article without a title
	CodeTokenMissing       = 41001 // no access_token parameter
	CodeAppIDMissing       = 41002 // no appid parameter
	CodeSecretMissing      = 41004 // no secret parameter
	CodeMediaMissing       = 41005 // no multipart "media" file
	CodeTokenExpired       = 42001 // token past its expiry
	CodeRequireGET         = 43001 // wrong HTTP method, GET expected
	CodeRequirePOST        = 43002 // wrong HTTP method, POST expected
	CodeRequireSubscribe   = 43004 // receiver does not follow the account
	CodeEmptyPostData      = 44002 // empty request body
	CodeEmptyNews          = 44003 // draft without articles
	CodeEmptyContent       = 44004 // article or text without content
	CodeContentTooLong     = 45002 // content ≥ 20,000 characters or ≥ 1 MB
	CodeTitleTooLong       = 45003 // title over 32 characters
	CodeDigestTooLong      = 45004 // digest over 128 characters
	CodeURLTooLong         = 45005 // content_source_url over 1 KB
	CodeTooManyArticles    = 45008 // more than 8 articles
	CodeDailyQuota         = 45009 // daily API quota used up
	CodeReplyWindowClosed  = 45015 // customer-service window closed or never opened
	CodeNoMassQuota        = 45028 // mass-send quota used up
	CodeCustomLimit        = 45047 // customer-service message limit reached
	CodeClientMsgIDExist   = 45065 // clientmsgid repeated within 24 hours
	CodeClientMsgIDTooLong = 45067 // clientmsgid over 64 bytes
	CodeAuthorTooLong      = 45110 // author over 16 characters
	CodeDataFormat         = 47001 // body is not valid JSON
	CodeMenuNotExist       = 46003 // menu/get: the account has no menu
	CodeAPIUnauthorized    = 48001 // account lacks the API (e.g. unverified)
	CodeInvalidArticleID   = 53600 // freepublish article_id unknown
	CodeDateFormat         = 61500 // datacube: a date not yyyy-MM-dd
	CodeDateRange          = 61501 // datacube: begin after end, over 7 days, or not before today
)

var messages = map[int]string{
	CodeSystemBusy:         "system error",
	CodeInvalidCredential:  "invalid credential, access_token is invalid or not latest",
	CodeInvalidGrantType:   "invalid grant_type",
	CodeInvalidOpenID:      "invalid openid",
	CodeInvalidMediaType:   "invalid media type",
	CodeInvalidFileType:    "invalid file type",
	CodeInvalidFileSize:    "invalid meida size", // sic, WeChat's spelling
	CodeInvalidMediaID:     "invalid media_id",
	CodeInvalidMessageType: "invalid message type",
	CodeInvalidImageSize:   "invalid image size",
	CodeInvalidVoiceSize:   "invalid voice size",
	CodeInvalidVideoSize:   "invalid video size",
	CodeInvalidThumbSize:   "invalid thumb size",
	CodeInvalidAppID:       "invalid appid",
	CodeButtonSize:         "invalid button size",
	CodeButtonType:         "invalid button type",
	CodeButtonName:         "invalid button name size",
	CodeButtonKey:          "invalid button key size",
	CodeButtonURL:          "invalid button url size",
	CodeSubButtonSize:      "invalid sub button size",
	CodeSubButtonType:      "invalid sub button type",
	CodeSubButtonName:      "invalid sub button name size",
	CodeSubButtonKey:       "invalid sub button key size",
	CodeSubButtonURL:       "invalid sub button url size",
	CodeInvalidArgs:        "invalid args",
	CodeInvalidURL:         "invalid url",
	CodeInvalidAppSecret:   "invalid appsecret",
	CodeInvalidOpenIDList:  "invalid openid list size, at least two openid",
	CodeIPNotWhitelisted:   "invalid ip, not in whitelist",
	CodeTitleEmpty:         "title is empty",
	CodeTokenMissing:       "access_token missing",
	CodeAppIDMissing:       "appid missing",
	CodeSecretMissing:      "appsecret missing",
	CodeMediaMissing:       "media data missing",
	CodeTokenExpired:       "access_token expired",
	CodeRequireGET:         "require GET method",
	CodeRequirePOST:        "require POST method",
	CodeRequireSubscribe:   "require subscribe",
	CodeEmptyPostData:      "empty post data",
	CodeEmptyNews:          "empty news data",
	CodeEmptyContent:       "empty content",
	CodeContentTooLong:     "content size out of limit",
	CodeTitleTooLong:       "title size out of limit",
	CodeDigestTooLong:      "description size out of limit",
	CodeURLTooLong:         "url size out of limit",
	CodeTooManyArticles:    "article size out of limit",
	CodeDailyQuota:         "reach max api daily quota limit",
	CodeReplyWindowClosed:  "response out of time limit or subscription is canceled",
	CodeNoMassQuota:        "has no masssend quota",
	CodeCustomLimit:        "out of response count limit",
	CodeClientMsgIDExist:   "clientmsgid exist",
	CodeClientMsgIDTooLong: "clientmsgid size out of limit",
	CodeAuthorTooLong:      "author size out of limit",
	CodeDataFormat:         "data format error",
	CodeMenuNotExist:       "menu no exist",
	CodeAPIUnauthorized:    "api unauthorized",
	CodeInvalidArticleID:   "invalid article_id",
	CodeDateFormat:         "date format error",
	CodeDateRange:          "date range error",
}

// apiError is one JSON error answer: {"errcode":…,"errmsg":…} plus, rarely,
// extra fields (45065 carries the msg_id of the earlier send).
type apiError struct {
	code  int
	msg   string
	extra map[string]any
}

// fail returns the error for code with WeChat's wording.
func fail(code int) *apiError {
	return &apiError{code: code, msg: messageFor(code)}
}

// failf returns the error for code with a message of its own.
func failf(code int, format string, args ...any) *apiError {
	return &apiError{code: code, msg: fmt.Sprintf(format, args...)}
}

func messageFor(code int) string {
	if m, ok := messages[code]; ok {
		return m
	}
	return fmt.Sprintf("error %d", code)
}

// body renders the error as WeChat does, with a request id at the end.
func (e *apiError) body() map[string]any {
	b := map[string]any{"errcode": e.code, "errmsg": e.msg + " rid: " + rid()}
	for k, v := range e.extra {
		b[k] = v
	}
	return b
}

func rid() string {
	return fmt.Sprintf("%08x-%08x-%08x", rand.Uint32(), rand.Uint32(), rand.Uint32())
}
