package main

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
)

// sandboxCoverJPEG draws the sandbox's default cover: a plain band in the
// colours of the directory pages.
func sandboxCoverJPEG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 900, 383))
	for x := range 900 {
		for y := range 383 {
			img.Set(x, y, color.RGBA{R: 178, G: uint8(34 + y/8), B: uint8(34 + x/20), A: 255})
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80})
	return buf.Bytes()
}
