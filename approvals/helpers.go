package approvals

import (
	"strings"

	"govmedia/postgres"
)

var (
	isNoRows        = postgres.IsNoRows
	uniqueViolation = postgres.UniqueViolation
)

// cleanReason trims a decider's reason and bounds its length.
func cleanReason(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 1000 {
		s = string(r[:1000])
	}
	return s
}
