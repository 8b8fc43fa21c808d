package term

func enableRaw() error { return ioctl(1) }

func restore() error { return ioctl(0) }

func ioctl(op int) error { return nil }
