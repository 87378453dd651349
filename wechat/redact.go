package wechat

import (
	"regexp"
	"strings"
)

// secretParams finds credentials in URLs and JSON bodies. silenceper puts
// the access_token (and, for /cgi-bin/token, the AppSecret) in the query
// string and quotes the full URI in its errors for non-200 answers; net/http
// quotes it in network errors.
var secretParams = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b((?:component_|authorizer_)?access_token|(?:app|corp)?secret)=[^&\s"'<>]*`),
	regexp.MustCompile(`(?i)"((?:component_|authorizer_)?access_token|(?:app|corp)?secret)"\s*:\s*"[^"]*"`),
}

const redacted = "[redacted]"

// redact removes access tokens and secrets from text: parameters by name,
// and each of the known values (of at least 8 characters) wherever it is.
func redact(text string, known ...string) string {
	text = secretParams[0].ReplaceAllString(text, "${1}="+redacted)
	text = secretParams[1].ReplaceAllString(text, `"${1}":"`+redacted+`"`)
	for _, k := range known {
		if len(k) >= 8 {
			text = strings.ReplaceAll(text, k, redacted)
		}
	}
	return text
}
