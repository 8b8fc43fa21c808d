package com.example

import kotlin.test.Test
import kotlin.test.assertEquals

class ApplicationTest {
    @Test
    fun sums() {
        assertEquals(2, 1 + 1)
    }
}
