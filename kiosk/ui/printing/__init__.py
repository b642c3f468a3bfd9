"""What a resident can take along on paper: the proof of a guide run and the appointment ticket."""
