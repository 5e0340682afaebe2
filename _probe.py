import asyncio, tempfile, pathlib, re, openai_kb
from datasette.app import Datasette
kb = openai_kb.load(openai_kb.load().__class__ and None) if False else openai_kb.load()
kb = openai_kb.load() .merge(openai_kb.load("docs/examples/reports/note-a.json"))
folder = pathlib.Path(tempfile.mkdtemp()) / "site"
kb.export("sqlite", folder, datasette=True)
async def main():
    ds = Datasette(config_dir=folder)
    for path in ["/", "/openai-kb", "/openai-kb/records/org:openai", "/openai-kb/texts?_search=微软",
                 "/openai-kb/where_sources_disagree", "/openai-kb/largest_investments.json?_shape=array",
                 "/openai-kb/who_left_when.json?_shape=array", "/openai-kb/what_each_source_says.json?record=Thrive&_shape=array",
                 "/openai-kb/texts.json?_search=軟銀&_shape=array", "/openai-kb/disagreements.json?_shape=array"]:
        r = await ds.client.get(path)
        text = r.text
        print(path, r.status_code, len(text))
        if path in ("/", "/openai-kb/records/org:openai"):
            print(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))[:1500])
        if path.endswith("array"):
            print(text[:600])
asyncio.run(main())
