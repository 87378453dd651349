package catalog

// substantive reports whether r holds an item of its own: some text, a
// checked channel or a mark that is not "no". A blank row of a template
// with only its 序号, unchecked □ boxes or values merged down from the
// rows above is none.
func substantive(r row, cols []column) bool {
	for _, c := range cols {
		cell := r.Cell(c.index)
		if !r.Own(c.index) {
			continue
		}
		switch c.field {
		case seqField:
		case channelsField:
			if chs, _ := parseChannels(cell); len(chs) > 0 {
				return true
			}
		case audienceMark, modeMark, levelMark, channelMark:
			if yes, ok := readMark(cell); yes || !ok {
				return true
			}
		default:
			return true
		}
	}
	return false
}
