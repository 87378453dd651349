package wechattest

import (
	"sort"
	"time"
)

// The user statistics (用户分析) of the datacube API: per Beijing day, the
// follows and unfollows and the followers at the day's end. A range spans
// at most 7 days and ends before today; a day's figures are ready at 08:00
// the next morning, and a range that ends on a day not yet ready lists only
// the days that are.
const (
	maxCubeDays = 7
	cubeReadyAt = 8 * time.Hour
)

// userDay is one day's follows and unfollows, by user_source.
type userDay struct {
	newUsers    map[int]int
	cancelUsers map[int]int
}

// sourceOther is user_source 0, "other" (其他合计): follows the stand-in
// cannot place (Follow records them so).
const sourceOther = 0

// countFollow records a follow (+1) or unfollow (-1) on now's Beijing day
// (the account's lock is held).
func (st *accountState) countFollow(now time.Time, delta int) {
	st.addUsers(dayOf(now), sourceOther, max(delta, 0), max(-delta, 0))
}

func (st *accountState) addUsers(day string, source, follows, unfollows int) {
	d := st.userDays[day]
	if d == nil {
		d = &userDay{newUsers: map[int]int{}, cancelUsers: map[int]int{}}
		st.userDays[day] = d
	}
	d.newUsers[source] += follows
	d.cancelUsers[source] += unfollows
}

// AddUserFigures records follows and unfollows of appid on a day (Beijing
// time) from a user_source (0 other, 1 search, 17 card shared, 30 QR
// code…), as if they had happened then: the figures getusersummary and
// getusercumulate report, and nothing pushed.
func (s *Server) AddUserFigures(appid string, day time.Time, source, follows, unfollows int) error {
	st, err := s.mustAccount(appid)
	if err != nil {
		return err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.addUsers(dayOf(day), source, follows, unfollows)
	return nil
}

// cubeRange is the body of the datacube APIs.
type cubeRange struct {
	BeginDate string `json:"begin_date"`
	EndDate   string `json:"end_date"`
}

// days checks the range and lists its days that are ready: 61500 for a
// date not yyyy-MM-dd, 61501 for a begin after its end, more than 7 days,
// or an end not before today.
func (r cubeRange) days(now time.Time) ([]string, *apiError) {
	begin, err1 := time.ParseInLocation(time.DateOnly, r.BeginDate, beijing)
	end, err2 := time.ParseInLocation(time.DateOnly, r.EndDate, beijing)
	if err1 != nil || err2 != nil {
		return nil, fail(CodeDateFormat)
	}
	today := dayOf(now)
	if end.Before(begin) || end.Sub(begin) >= maxCubeDays*24*time.Hour || dayOf(end) >= today {
		return nil, fail(CodeDateRange)
	}
	var out []string
	for d := begin; !d.After(end); d = d.AddDate(0, 0, 1) {
		if now.Before(d.AddDate(0, 0, 1).Add(cubeReadyAt)) {
			break
		}
		out = append(out, dayOf(d))
	}
	return out, nil
}

// userSummary is POST /datacube/getusersummary: per ready day of the
// range, a row per user_source that had follows or unfollows.
func (s *Server) userSummary(c *call) (any, *apiError) {
	var req cubeRange
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	days, e := req.days(c.now)
	if e != nil {
		return nil, e
	}
	type row struct {
		RefDate    string `json:"ref_date"`
		UserSource int    `json:"user_source"`
		NewUser    int    `json:"new_user"`
		CancelUser int    `json:"cancel_user"`
	}
	list := []row{}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, day := range days {
		d := st.userDays[day]
		if d == nil {
			continue
		}
		for _, src := range d.sources() {
			list = append(list, row{day, src, d.newUsers[src], d.cancelUsers[src]})
		}
	}
	return map[string]any{"list": list}, nil
}

// userCumulate is POST /datacube/getusercumulate: per ready day of the
// range, the followers at its end.
func (s *Server) userCumulate(c *call) (any, *apiError) {
	var req cubeRange
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	days, e := req.days(c.now)
	if e != nil {
		return nil, e
	}
	type row struct {
		RefDate      string `json:"ref_date"`
		CumulateUser int    `json:"cumulate_user"`
	}
	list := []row{}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, day := range days {
		list = append(list, row{day, st.followersAt(day)})
	}
	return map[string]any{"list": list}, nil
}

// followersAt is how many followed the account at the end of day.
func (st *accountState) followersAt(day string) int {
	n := st.baseUsers
	for d, u := range st.userDays {
		if d <= day {
			for _, v := range u.newUsers {
				n += v
			}
			for _, v := range u.cancelUsers {
				n -= v
			}
		}
	}
	return max(n, 0)
}

func (d *userDay) sources() []int {
	var out []int
	for src := range d.newUsers {
		if d.newUsers[src] != 0 || d.cancelUsers[src] != 0 {
			out = append(out, src)
		}
	}
	sort.Ints(out)
	return out
}
