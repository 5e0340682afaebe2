"""Character maps the package ships: Traditional to Simplified, pinyin readings (generated, never hand-edited)."""
