package com.example.library;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BookControllerTest {
    @Test
    void listsBooks() {
        assertEquals(2, new BookController().list().size());
    }
}
