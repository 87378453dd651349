package wechat

import (
	"errors"
	"io"
	"net/http"
	"net/url"
)

// openMessage checks a posted message's signature against the account's
// credentials, decrypts it in safe and compatible mode (encrypt_type=aes),
// and parses it; it returns the message, or why it is refused. An account
// with an EncodingAESKey takes only encrypted messages: a plain one, whose
// signature does not cover its content, could be forged by anyone who saw
// one request.
func openMessage(q url.Values, body []byte, creds Credentials) (*Message, string) {
	ts, nonce := q.Get("timestamp"), q.Get("nonce")
	if q.Get("encrypt_type") != "aes" {
		switch {
		case creds.EncodingAESKey != "":
			return nil, refusedPlain
		case !signatureOK(q.Get("signature"), creds.Token, ts, nonce):
			return nil, refusedSignature
		}
		return parseMessage(body, false)
	}
	var env envelope
	if err := decodeXML(body, &env); err != nil {
		return nil, xmlRefusal(err)
	}
	if creds.EncodingAESKey == "" || env.Encrypt == "" || !signatureOK(q.Get("msg_signature"), creds.Token, ts, nonce, env.Encrypt) {
		return nil, refusedSignature
	}
	plain, err := decrypt(creds, env.Encrypt)
	if err != nil {
		return nil, refusedEncryption
	}
	return parseMessage(plain, true)
}

// parseMessage parses a message's XML; authentic says its signature
// covered it.
func parseMessage(raw []byte, authentic bool) (*Message, string) {
	var pm plainMessage
	if err := decodeXML(raw, &pm); err != nil {
		return nil, xmlRefusal(err)
	}
	if pm.MsgType == "" || pm.FromUserName == "" {
		return nil, refusedMalformed
	}
	m := pm.Message
	m.Authentic = authentic
	return &m, ""
}

func xmlRefusal(err error) string {
	if errors.Is(err, errDirective) {
		return refusedDirective
	}
	return refusedMalformed
}

// refusalStatus is the HTTP status each refusal of a message answers.
var refusalStatus = map[string]int{
	refusedOversized: http.StatusRequestEntityTooLarge, refusedMalformed: http.StatusBadRequest,
	refusedDirective: http.StatusBadRequest, refusedSignature: http.StatusForbidden,
	refusedEncryption: http.StatusForbidden, refusedPlain: http.StatusForbidden,
}

// readBody reads a posted body of at most MaxBody bytes.
func readBody(r *http.Request) ([]byte, string) {
	if r.ContentLength > MaxBody {
		return nil, refusedOversized
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	switch {
	case err != nil:
		return nil, refusedMalformed
	case len(body) > MaxBody:
		return nil, refusedOversized
	}
	return body, ""
}
