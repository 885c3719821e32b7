package diag

// Suggest returns the candidate one edit away from word (an insertion,
// deletion, substitution or swap of neighbours), or "" when there is none.
// One edit catches the typos people make ("reveiws", "sumary") without
// suggesting unrelated keys.
func Suggest(word string, candidates []string) string {
	for _, c := range candidates {
		if oneEdit(word, c) {
			return c
		}
	}
	return ""
}

func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	la, lb := len(a), len(b)
	switch {
	case la == lb:
		diff := -1
		for i := 0; i < la; i++ {
			if a[i] != b[i] {
				if diff >= 0 {
					// a second difference: only a swap of neighbours is one edit
					return diff == i-1 && a[diff] == b[i] && a[i] == b[diff] && a[i+1:] == b[i+1:]
				}
				diff = i
			}
		}
		return true
	case la == lb+1:
		return deletes(a, b)
	case lb == la+1:
		return deletes(b, a)
	}
	return false
}

// deletes reports whether removing one byte of long gives short.
func deletes(long, short string) bool {
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	return long[i+1:] == short[i:]
}
