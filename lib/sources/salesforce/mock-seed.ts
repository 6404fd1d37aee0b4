/**
 * Seed data for the Salesforce mock, shaped as an org stores it: 18-character ids with the standard
 * key prefixes (00Q Lead, 003 Contact, 001 Account, 005 User, 701 Campaign, 00v CampaignMember,
 * 00T Task, 00U Event, 006 Opportunity), dates relative to the mock's clock.
 */

export type SeedRow = Record<string, string | number | boolean | null>;

export interface SalesforceSeed {
  User: SeedRow[];
  Account: SeedRow[];
  Lead: SeedRow[];
  Contact: SeedRow[];
  Campaign: SeedRow[];
  CampaignMember: SeedRow[];
  Task: SeedRow[];
  Event: SeedRow[];
  Opportunity: SeedRow[];
}

const DAY = 86_400_000;

/** The ids tests refer to. */
export const SEED_IDS = {
  rep: '005000000000001AAA',
  colleague: '005000000000002AAA',
  account: '001000000000001AAA',
  danaLead: '00Q000000000001AAA',
  samContact: '003000000000001AAA',
  samLead: '00Q000000000002AAA',
  webinar: '701000000000001AAA',
  nurture: '701000000000002AAA',
} as const;

export function salesforceSeed(now: number): SalesforceSeed {
  const at = (days: number) => new Date(now - days * DAY).toISOString().replace('Z', '+0000');
  const day = (days: number) => new Date(now - days * DAY).toISOString().slice(0, 10);
  const id = SEED_IDS;
  return {
    User: [
      { Id: id.rep, Name: 'Riley Rep', Email: 'riley@prospectlens.example' },
      { Id: id.colleague, Name: 'Casey Closer', Email: 'casey@prospectlens.example' },
    ],
    Account: [{ Id: id.account, Name: 'Contoso Ltd', OwnerId: id.colleague }],
    Lead: [
      {
        Id: id.danaLead,
        FirstName: 'Dana',
        LastName: 'Whitfield',
        Title: 'VP Operations',
        Company: 'Northwind Traders',
        Email: 'dana.whitfield@northwind.example',
        Status: 'Working - Contacted',
        Rating: 'Hot',
        OwnerId: id.rep,
        IsConverted: false,
        LastModifiedDate: at(1),
        CreatedDate: at(90),
      },
      {
        Id: id.samLead,
        FirstName: 'Sam',
        LastName: 'Okafor',
        Title: 'Buyer',
        Company: 'Contoso',
        Email: 'sam.okafor@contoso.example',
        Status: 'Open - Not Contacted',
        Rating: 'Warm',
        OwnerId: id.colleague,
        IsConverted: false,
        LastModifiedDate: at(30),
        CreatedDate: at(60),
      },
    ],
    Contact: [
      {
        Id: id.samContact,
        FirstName: 'Sam',
        LastName: 'Okafor',
        Title: 'Head of Procurement',
        Email: 'sam.okafor@contoso.example',
        AccountId: id.account,
        OwnerId: id.colleague,
        LastModifiedDate: at(3),
        CreatedDate: at(200),
      },
    ],
    Campaign: [
      { Id: id.webinar, Name: 'Month-end close webinar', Type: 'Webinar' },
      { Id: id.nurture, Name: 'Q4 nurture', Type: 'Email' },
    ],
    CampaignMember: [
      { Id: '00v000000000001AAA', CampaignId: id.webinar, LeadId: id.danaLead, ContactId: null, Status: 'Attended', HasResponded: true, FirstRespondedDate: day(6), CreatedDate: at(20) },
      { Id: '00v000000000002AAA', CampaignId: id.nurture, LeadId: id.danaLead, ContactId: null, Status: 'Clicked', HasResponded: true, FirstRespondedDate: day(3), CreatedDate: at(40) },
      { Id: '00v000000000003AAA', CampaignId: id.nurture, LeadId: null, ContactId: id.samContact, Status: 'Sent', HasResponded: false, FirstRespondedDate: null, CreatedDate: at(10) },
    ],
    Task: [
      {
        Id: '00T000000000001AAA',
        WhoId: id.danaLead,
        Subject: 'Intro call',
        TaskSubtype: 'Call',
        ActivityDate: day(5),
        Status: 'Completed',
        OwnerId: id.colleague,
        Description: 'Talked about month-end close.',
        CreatedDate: at(5),
      },
    ],
    Event: [
      {
        Id: '00U000000000001AAA',
        WhoId: id.samContact,
        Subject: 'Procurement review',
        StartDateTime: at(2),
        EndDateTime: at(2),
        OwnerId: id.colleague,
        Description: null,
        CreatedDate: at(9),
      },
    ],
    Opportunity: [
      { Id: '006000000000001AAA', AccountId: id.account, Name: 'Contoso — 200 seats', StageName: 'Proposal/Price Quote', Amount: 48000, CloseDate: day(-20), IsClosed: false, OwnerId: id.colleague },
      { Id: '006000000000002AAA', AccountId: id.account, Name: 'Contoso — pilot', StageName: 'Closed Won', Amount: 5000, CloseDate: day(100), IsClosed: true, OwnerId: id.colleague },
    ],
  };
}
