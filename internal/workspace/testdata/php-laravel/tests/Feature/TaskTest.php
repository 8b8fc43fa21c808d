<?php

namespace Tests\Feature;

use Tests\TestCase;

class TaskTest extends TestCase
{
    public function test_lists_tasks(): void
    {
        $this->getJson('/api/tasks')->assertOk();
    }
}
