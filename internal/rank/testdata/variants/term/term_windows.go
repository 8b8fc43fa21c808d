package term

func enableRaw() error { return setConsole(0x0200) }

func restore() error { return setConsole(0) }

func setConsole(flags uint32) error { return nil }
