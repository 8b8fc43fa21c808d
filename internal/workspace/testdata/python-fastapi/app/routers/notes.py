from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

router = APIRouter()


class Note(BaseModel):
    id: int
    text: str


_notes: dict[int, Note] = {}


@router.get("/{note_id}")
def get_note(note_id: int) -> Note:
    if note_id not in _notes:
        raise HTTPException(status_code=404, detail="not found")
    return _notes[note_id]


@router.post("/", status_code=201)
def create_note(note: Note) -> Note:
    _notes[note.id] = note
    return note
