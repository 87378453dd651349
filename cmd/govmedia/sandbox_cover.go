package main

import "govmedia/publish"

// sandboxCoverJPEG is the sandbox's default cover: a plain band in the
// colours of the directory pages.
func sandboxCoverJPEG() []byte { return publish.PlainCover() }
