import { descriptionToHtml, htmlToText, readTicketReference } from './ticket-text';

describe('ticket text', () => {
  it('escapes the customer text into paragraphs with the portal reference last, and reads both back', () => {
    const html = descriptionToHtml('Router <b>dead</b> & LOS red\nsince 7am\n\nPlease call me', 'PT-7K2M9Q4R');
    expect(html).toBe('<p>Router &lt;b&gt;dead&lt;/b&gt; &amp; LOS red<br>since 7am</p><p>Please call me</p><p>Portal reference: PT-7K2M9Q4R</p>');
    expect(readTicketReference(html)).toBe('PT-7K2M9Q4R');
    expect(htmlToText(html)).toBe('Router <b>dead</b> & LOS red\nsince 7am\n\nPlease call me');
  });

  it('turns agent HTML into readable text and finds no reference in tickets opened in Odoo', () => {
    expect(htmlToText('<p>Speed drops to 10&nbsp;Mbps after 8&#160;pm.</p><ul><li>one</li><li>two</li></ul>')).toBe('Speed drops to 10 Mbps after 8 pm.\n\none\n\ntwo');
    expect(readTicketReference('<p>Obstruction alert</p>')).toBeNull();
  });
});
