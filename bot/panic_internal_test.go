package bot

// A command that panics, so that the tests can prove a panic is recovered.
func init() {
	commandHandlers["boom"] = func(*request, []string) { panic("boom: a secret 13987654321 in a panic value") }
}
