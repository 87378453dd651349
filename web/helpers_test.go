package web_test

import (
	"net/url"
	"regexp"
	"strconv"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func urlq(s string) string { return url.QueryEscape(s) }

func regexpFind(s, pattern string) string {
	if m := regexp.MustCompile(pattern).FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

func regexpAll(s, pattern string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}
