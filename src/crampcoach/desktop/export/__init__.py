"""Take it with you: a routine as an audio file (the session as it plays) and as a printed
handout, from the command line and from the library."""
