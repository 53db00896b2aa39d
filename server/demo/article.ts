// The demo article, written for Tagteam: news-style, with people, organisations, places, dates,
// a quote in curly quotes and an em dash, so every label of the demo schema has work to do.
export const DEMO_TITLE = 'Harbour city votes to rebuild its tidal library';

export const DEMO_TEXT = `PORT ELLERY — The city council of Port Ellery voted on Tuesday, 14 October 2025, to rebuild the Tidal Library, the flood-damaged archive that has stood on the harbour front since 1911.

The motion, brought by councillor Amara Okafor, passed by nine votes to four after a three-hour debate. “We are not rebuilding a building, we are rebuilding a memory,” Okafor told the chamber, holding up a water-stained ledger from the library’s maritime collection.

The Northern Heritage Trust has pledged £4.2 million towards the work, and the engineering firm Calloway & Sen will design a raised foundation meant to withstand a once-in-a-century storm. Trust chair Henrik Lindqvist said the pledge depended on the archive reopening to the public by the spring of 2028.

Not everyone was persuaded. Councillor Desmond Reyes, who voted against, warned that the cost estimate ignored the harbour wall repairs promised after the February floods. “Books can wait a winter; sea walls cannot,” he said.

Work is expected to begin in March, once the Marine Conservation Office in Kestrel Bay approves the plans. Until then the surviving volumes remain in temporary storage at the University of Port Ellery, where archivist Lena Marsh and a team of volunteers have spent the summer drying them page by page.`;

export const DEMO_SECOND_TITLE = 'Ferry strike ends after overnight talks';

export const DEMO_SECOND_TEXT = `KESTREL BAY — A four-day strike that halted ferry services between Kestrel Bay and Port Ellery ended on Friday after overnight talks brokered by the Coastal Transport Authority.

The Maritime Workers’ Union said its members would return on Saturday morning under a deal that raises night-shift pay by 6 per cent. Union secretary Joanna Pike called the agreement “a fair tide, if not a high one.”

Island Link Ferries, which runs the route, said the first sailing would leave at 06:40. Its chief executive, Tomasz Wren, apologised to passengers — some of whom had slept in the terminal — and promised refunds by the end of November.`;
