package registry

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"govmedia"
)

var (
	originalIDPattern = regexp.MustCompile(`^gh_[0-9a-f]{12}$`)
	appIDPattern      = regexp.MustCompile(`^wx[0-9a-f]{16}$`)
	mobilePattern     = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	landlinePattern   = regexp.MustCompile(`^0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?$`)
)

// Normalize trims every text, lowers identifiers and sorts the domains.
func (f *Fields) Normalize() {
	f.Name = clean(f.Name)
	f.OriginalID = matchKey(f.OriginalID)
	f.AppID = matchKey(f.AppID)
	f.PlatformUID = clean(f.PlatformUID)
	f.OperatingUnit = clean(f.OperatingUnit)
	f.PersonInCharge = clean(f.PersonInCharge)
	f.Phone = normalPhone(f.Phone)
	f.SecondAccountReason = clean(f.SecondAccountReason)
	for i, d := range f.Domains {
		f.Domains[i] = clean(d)
	}
	slices.Sort(f.Domains)
	f.Domains = slices.Compact(f.Domains)
	if f.Domains == nil {
		f.Domains = []string{}
	}
	if f.Platform != WeChatOA {
		f.WeChatKind = ""
	}
}

// normalPhone writes a phone number plainly: ASCII digits, no spaces, a
// hyphen after the area code (（0871）64445566 is 0871-64445566), no +86.
func normalPhone(p string) string {
	p = strings.NewReplacer("—", "-", "–", "-", "(", "", ")", "-").Replace(matchKey(p))
	p = strings.TrimPrefix(strings.TrimPrefix(p, "+86"), "86-")
	return strings.TrimPrefix(strings.ReplaceAll(p, "--", "-"), "-")
}

// Validate checks each field on its own and returns every problem found,
// keyed by field name. domains is the set of valid domain codes.
func (f *Fields) Validate(domains map[string]string) govmedia.FieldErrors {
	var errs govmedia.FieldErrors
	add := func(field, key string, args ...any) {
		errs = append(errs, govmedia.FieldError{Column: field, Err: govmedia.Errorf(govmedia.EINVALID, key, args...)})
	}
	if !slices.Contains(Platforms, f.Platform) {
		add("platform", "account.platform_invalid", "value", f.Platform)
	}
	if f.Platform == WeChatOA && f.WeChatKind != Subscription && f.WeChatKind != Service {
		add("wechat_kind", "account.wechat_kind_required")
	}
	if n := utf8.RuneCountInString(f.Name); n < 2 || n > 64 {
		add("name", "account.name_length")
	}
	f.validateIdentifiers(add)
	if f.Phone != "" && !mobilePattern.MatchString(f.Phone) && !landlinePattern.MatchString(f.Phone) {
		add("phone", "account.phone_invalid")
	}
	for _, d := range f.Domains {
		if _, ok := domains[d]; !ok {
			add("domains", "account.domain_unknown", "value", d)
		}
	}
	return errs
}

func (f *Fields) validateIdentifiers(add func(field, key string, args ...any)) {
	if f.Platform != WeChatOA {
		if f.OriginalID != "" {
			add("original_id", "account.wechat_ids_only")
		}
		if f.AppID != "" {
			add("app_id", "account.wechat_ids_only")
		}
		return
	}
	if f.OriginalID != "" && !originalIDPattern.MatchString(f.OriginalID) {
		add("original_id", "account.original_id_invalid", "value", f.OriginalID)
	}
	if f.AppID != "" && !appIDPattern.MatchString(f.AppID) {
		add("app_id", "account.app_id_invalid", "value", f.AppID)
	}
}

// MaskPhone shows enough of a phone number to recognise it and no more.
func MaskPhone(phone string) string {
	r := []rune(phone)
	if len(r) < 7 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}
