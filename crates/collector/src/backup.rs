//! Online backup of the SQLite database. (Being filled in.)
