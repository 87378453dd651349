package wechat

import "net/url"

// OpenMessage is openMessage, for the external tests' fuzz target: it
// checks, decrypts and parses a posted message, and returns it or why it
// is refused.
func OpenMessage(q url.Values, body []byte, creds Credentials) (*Message, string) {
	return openMessage(q, body, creds)
}
