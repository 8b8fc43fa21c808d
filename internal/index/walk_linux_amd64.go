//go:build linux

package index

import "syscall"

const sysFstatat = syscall.SYS_NEWFSTATAT
