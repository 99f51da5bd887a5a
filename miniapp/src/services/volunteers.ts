/** The volunteer endpoints of the bff (V-1 … V-9), typed with the shapes of `@zhiyuan/shared`. */
import type {
  MeDto,
  ProfileUpdateInput,
  TokenPair,
  VolunteerCardDto,
  VolunteerDto,
  VolunteerIdentityInput,
  VolunteerRegistrationInput,
} from '@zhiyuan/shared';
import type { PickedFile } from './files';
import { request, requestBinary, type BinaryReply } from './request';
import { saveTokens } from './token';

export interface VolunteerSession {
  user: MeDto;
  tokens: TokenPair;
  volunteer: VolunteerDto;
}

/** The body of POST /api/me/volunteer: the registration without the account fields. */
export type VolunteerEnrolmentInput = VolunteerIdentityInput;

/** POST /api/volunteers → 201: account and real-name registration together (V-1); signed in at once. */
export async function registerVolunteer(input: VolunteerRegistrationInput): Promise<VolunteerSession> {
  const session = await request<VolunteerSession>('POST', '/api/volunteers', input, { auth: false });
  saveTokens(session.tokens);
  return session;
}

/** POST /api/me/volunteer → 201: real-name registration for an account that has none yet. */
export function enrolVolunteer(input: VolunteerEnrolmentInput): Promise<VolunteerDto> {
  return request<VolunteerDto>('POST', '/api/me/volunteer', input);
}

/** GET /api/me/volunteer (404 VOLUNTEER.NOT_A_VOLUNTEER without real-name registration). */
export function fetchMyVolunteer(): Promise<VolunteerDto> {
  return request<VolunteerDto>('GET', '/api/me/volunteer');
}

/** PATCH /api/me/volunteer (V-7). */
export function updateMyVolunteer(input: ProfileUpdateInput): Promise<VolunteerDto> {
  return request<VolunteerDto>('PATCH', '/api/me/volunteer', input);
}

/** PUT /api/me/volunteer/photo, raw JPEG or PNG: manual verification (V-5). */
export function uploadVerificationPhoto(photo: PickedFile): Promise<VolunteerDto> {
  return request<VolunteerDto>('PUT', '/api/me/volunteer/photo', photo.data, {
    contentType: photo.contentType,
    timeout: 60000,
  });
}

/** GET /api/me/card (V-8); 403 VOLUNTEER.NOT_VERIFIED before verification. */
export function fetchCard(): Promise<VolunteerCardDto> {
  return request<VolunteerCardDto>('GET', '/api/me/card');
}

/** GET /api/me/card.svg: the card as an SVG image, to save or print. */
export function fetchCardSvg(): Promise<BinaryReply> {
  return requestBinary('/api/me/card.svg');
}
