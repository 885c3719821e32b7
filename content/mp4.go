package content

import (
	"encoding/binary"
	"time"
)

// mp4Length reads the length of an MP4 (ISO base media: .mp4, .m4v, .m4a)
// from its movie header ("moov" > "mvhd": a time scale and a duration in
// its units), without decoding anything. 0 when the file has none: the
// author then gives length=.
func mp4Length(b []byte) time.Duration {
	moov, ok := mp4Box(b, "moov")
	if !ok {
		return 0
	}
	mvhd, ok := mp4Box(moov, "mvhd")
	if !ok || len(mvhd) < 4 {
		return 0
	}
	var scale, dur uint64
	switch mvhd[0] { // version
	case 0:
		if len(mvhd) < 20 {
			return 0
		}
		scale, dur = uint64(binary.BigEndian.Uint32(mvhd[12:])), uint64(binary.BigEndian.Uint32(mvhd[16:]))
	case 1:
		if len(mvhd) < 32 {
			return 0
		}
		scale, dur = uint64(binary.BigEndian.Uint32(mvhd[20:])), binary.BigEndian.Uint64(mvhd[24:])
	default:
		return 0
	}
	if scale == 0 || dur == 0 || dur == 1<<32-1 || dur == 1<<64-1 || dur/scale > 24*3600 {
		return 0 // unknown (all ones) or beyond any module's video
	}
	return time.Duration(dur) * time.Second / time.Duration(scale)
}

// mp4Box returns the payload of the first box of type typ among the boxes
// of b (not nested), or false.
func mp4Box(b []byte, typ string) ([]byte, bool) {
	for len(b) >= 8 {
		size, head := uint64(binary.BigEndian.Uint32(b)), uint64(8)
		switch size {
		case 0:
			size = uint64(len(b)) // to the end
		case 1:
			if len(b) < 16 {
				return nil, false
			}
			size, head = binary.BigEndian.Uint64(b[8:]), 16
		}
		if size < head || size > uint64(len(b)) {
			return nil, false
		}
		if string(b[4:8]) == typ {
			return b[head:size], true
		}
		b = b[size:]
	}
	return nil, false
}
